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

; The collector neither moves objects nor keeps generations, so a reference store is a plain store.
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

; Called by methods whose frame is bigger than a page, with rax = the lowest
; address the frame will use: touches every page from rsp down to it, so that
; an overflow hits the thread's guard page instead of jumping over it. Only
; rax's target and the flags are assumed clobbered; rsp is restored.
export RhpStackProbe
    push rbp
    mov rbp, rsp
    and rsp, -4096
.next_page:
    sub rsp, 4096
    test [rsp], eax
    cmp rsp, rax
    ja .next_page
    mov rsp, rbp
    pop rbp
    ret

; Kernel threads have no managed/native transition state to maintain.
export RhpReversePInvoke
export RhpReversePInvokeReturn
export RhpPInvoke
export RhpPInvokeReturn
export RhpGcPoll
    ret


section .bss
align 4096
global zos_heap_bootstrap_arena
zos_heap_bootstrap_arena: resb 512 * 1024
