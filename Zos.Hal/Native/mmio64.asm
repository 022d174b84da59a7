; 64-bit MMIO accesses as single instructions (a device may latch a 64-bit
; register only when it is read or written whole). Plain System V functions,
; imported in Zos.Hal/Native/NativeMmio64.cs.

bits 64
default rel
section .text

global zos_mmio_read64
zos_mmio_read64:
    mov rax, [rdi]
    ret

global zos_mmio_write64
zos_mmio_write64:
    mov [rdi], rsi
    ret
