; Runtime entry points that need a custom calling convention or the caller's
; return address, so they cannot be plain C#. Everything else the generated
; code calls is C# in Zos.Runtime with [RuntimeExport].

bits 64
default rel
section .text

%macro export 1
global %1
%1:
%endmacro

; No collector moves or tracks objects yet, so a reference store is a store.
export RhpAssignRef
export RhpCheckedAssignRef
    mov [rdi], rsi
    ret

; Copies one reference from [rsi] to [rdi] and advances both (JIT contract).
export RhpByRefAssignRef
    mov rcx, [rsi]
    mov [rdi], rcx
    add rdi, 8
    add rsi, 8
    ret

; Kernel stacks are fully mapped up front; nothing to probe yet.
export RhpStackProbe
    ret

; Kernel threads have no managed/native transition state to maintain.
export RhpReversePInvoke
export RhpReversePInvokeReturn
export RhpPInvoke
export RhpPInvokeReturn
export RhpGcPoll
    ret

; Throw: hand the exception and the thrower's return address to C#.
extern zos_throw
export RhpThrowEx
    mov rsi, [rsp]
    jmp zos_throw

section .bss
align 4096
global zos_heap_bootstrap_arena
zos_heap_bootstrap_arena: resb 512 * 1024
