; Thread switching. A thread that is not running is described by one saved
; stack pointer: zos_context_switch pushed RFLAGS and the System V callee-saved
; registers there. Caller-saved registers (and the SSE state, which System V
; does not preserve across calls) are already saved by whoever called: the
; scheduler's caller, or the interrupt entry for a preempted thread; the switch
; clears them for the next thread.

bits 64
default rel
section .text

; void zos_context_switch(ulong* saveStackPointer, ulong nextStackPointer)
global zos_context_switch
zos_context_switch:
    pushfq
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov [rdi], rsp
    mov rsp, rsi
    ; The next thread must not inherit this one's scratch registers (System V
    ; does not preserve them across the call anyway): a stale reference there,
    ; spilled to the next thread's stack, would keep its object alive for the
    ; conservative stack scan, and would carry one fault domain's data to another.
    xor eax, eax
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    xor r8d, r8d
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
%assign n 0
%rep 16
    pxor xmm %+ n, xmm %+ n
%assign n n + 1
%endrep
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    popfq
    ret

; ulong zos_context_prepare(ulong stackTop): lays out on a new stack what
; zos_context_switch pops (zeroed registers, RFLAGS with interrupts off), so
; that the first switch "returns" into thread_start; returns the stack pointer
; to switch to.
global zos_context_prepare
zos_context_prepare:
    and rdi, -16
    sub rdi, 16
    lea rax, [thread_start]
    mov [rdi - 8], rax
    mov qword [rdi - 16], 0x2
    xor eax, eax
%assign slot 3
%rep 6
    mov [rdi - 8 * slot], rax
%assign slot slot + 1
%endrep
    lea rax, [rdi - 64]
    ret

; A new thread's first instructions: an empty frame chain, then the kernel's
; managed thread entry, which never returns.
extern zos_thread_main
thread_start:
    xor ebp, ebp
    call zos_thread_main
    ud2
