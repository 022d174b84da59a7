; Stack primitives for the collector's stack scan (Zos.Kernel/Memory/GcRoots.cs).

bits 64
default rel
section .text

; The caller's stack pointer: rsp here, less the return address just pushed.
global zos_read_rsp
zos_read_rsp:
    lea rax, [rsp + 8]
    ret

; The top of the 64-bit kernel stack boot.asm switches to.
extern kernel_stack_top
global zos_boot_stack_top
zos_boot_stack_top:
    lea rax, [kernel_stack_top]
    ret

; The top of the interrupt stacks (IST), which lie right above the kernel stack.
extern interrupt_stacks_top
global zos_interrupt_stacks_top
zos_interrupt_stacks_top:
    lea rax, [interrupt_stacks_top]
    ret
