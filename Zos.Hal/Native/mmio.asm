; Byte and word MMIO accesses (the 32-bit ones are in cpu.asm). PCI Express
; configuration space (ECAM) needs them: a 16-bit write of the command register
; must not rewrite the status register next to it, whose error bits clear when
; written with ones. Each is a plain System V function, imported in
; Zos.Hal/Native/NativeMmio.cs.

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

global zos_mmio_write8
zos_mmio_write8:
    mov [rdi], sil
    ret

global zos_mmio_write16
zos_mmio_write16:
    mov [rdi], si
    ret
