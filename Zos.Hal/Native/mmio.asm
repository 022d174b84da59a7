; Memory-mapped I/O, every width, each as exactly one instruction of that
; width: the compiler can neither merge, split nor hoist them. Widths matter:
; a 16-bit write to the PCI command register must not rewrite the status
; register next to it (its error bits clear when written with ones), and a
; device may latch a 64-bit register only when it is read or written whole.
; Plain System V functions, imported in Zos.Hal/Native/NativeMmio.cs.

bits 64
default rel
section .text

global zos_mmio_read8
zos_mmio_read8:
    movzx eax, byte [rdi]
    ret

global zos_mmio_read16
zos_mmio_read16:
    movzx eax, word [rdi]
    ret

global zos_mmio_read32
zos_mmio_read32:
    mov eax, [rdi]
    ret

global zos_mmio_read64
zos_mmio_read64:
    mov rax, [rdi]
    ret

global zos_mmio_write8
zos_mmio_write8:
    mov [rdi], sil
    ret

global zos_mmio_write16
zos_mmio_write16:
    mov [rdi], si
    ret

global zos_mmio_write32
zos_mmio_write32:
    mov [rdi], esi
    ret

global zos_mmio_write64
zos_mmio_write64:
    mov [rdi], rsi
    ret
