; The collector's register spill (Zos.Runtime/Zos/Runtime/KernelHeap.cs).

bits 64
default rel
section .text

%macro export 1
global %1
%1:
%endmacro

; Spills rbx, rbp and r12-r15 onto this stack, so that a reference held only
; in a callee-saved register of some caller lies inside the scanned range,
; then runs the collection. Caller-saved registers hold nothing live across
; the call that led here, by the calling convention.
extern zos_gc_collect_now
export zos_gc_spill_registers_and_collect
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    sub rsp, 8                      ; 16-byte alignment for the call
    call zos_gc_collect_now
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret
