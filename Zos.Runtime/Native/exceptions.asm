; Exception dispatch entry points and the two primitives the C# dispatcher
; (Zos.Runtime/Zos/Runtime/ExceptionDispatch.cs) cannot express: running a
; funclet with a frame's registers, and resuming a frame after a catch.
; RegisterContext layout (RegisterContext.cs): rip 0, rsp 8, rbp 16, rbx 24,
; r12 32, r13 40, r14 48, r15 56.

bits 64
default rel
section .text

extern zos_dispatch_exception
extern zos_dispatch_rethrow
extern __eh_frame_hdr_start

; Builds a RegisterContext on the stack describing the throwing method at its
; call site: the state it has once this helper returns. Leaves rsp 16-aligned.
%macro capture_thrower_context 0
    lea rax, [rsp + 8]
    mov rcx, [rsp]
    sub rsp, 72
    mov [rsp + 0], rcx
    mov [rsp + 8], rax
    mov [rsp + 16], rbp
    mov [rsp + 24], rbx
    mov [rsp + 32], r12
    mov [rsp + 40], r13
    mov [rsp + 48], r14
    mov [rsp + 56], r15
%endmacro

; void RhpThrowEx(object exception): the `throw` instruction.
global RhpThrowEx
RhpThrowEx:
    capture_thrower_context
    mov rsi, rsp
    call zos_dispatch_exception
    int3

; void RhpRethrow(): `throw;` inside a catch block.
global RhpRethrow
RhpRethrow:
    capture_thrower_context
    mov rdi, rsp
    call zos_dispatch_rethrow
    int3

; ulong zos_invoke_funclet(void* funclet, object exception, RegisterContext* frame, FuncletCall* call)
; Calls a catch, filter or finally funclet with the callee-saved registers of
; the frame it belongs to (funclets address their parent's locals through rbp
; and may clobber rbx and r12-r15, so ours are saved here). The exception goes
; in rdi. Returns what the funclet returns: the resume address of a catch, the
; verdict of a filter. The unwinder recognises zos_invoke_funclet_return and
; finds the FuncletCall at [rsp] there; the registers pushed here let it step
; through to our caller.
global zos_invoke_funclet
global zos_invoke_funclet_return
zos_invoke_funclet:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    push rcx
    mov rax, rdi
    mov rdi, rsi
    mov rbp, [rdx + 16]
    mov rbx, [rdx + 24]
    mov r12, [rdx + 32]
    mov r13, [rdx + 40]
    mov r14, [rdx + 48]
    mov r15, [rdx + 56]
    call rax
zos_invoke_funclet_return:
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret

; noreturn zos_resume_frame(RegisterContext* frame, void* address)
; Continues the frame that caught an exception at the address its catch
; funclet returned; everything below the frame's stack pointer is discarded.
global zos_resume_frame
zos_resume_frame:
    mov rbp, [rdi + 16]
    mov rbx, [rdi + 24]
    mov r12, [rdi + 32]
    mov r13, [rdi + 40]
    mov r14, [rdi + 48]
    mov r15, [rdi + 56]
    mov rsp, [rdi + 8]
    jmp rsi

; byte* zos_eh_frame_header(): the .eh_frame_hdr ld builds (linker.ld names it).
global zos_eh_frame_header
zos_eh_frame_header:
    lea rax, [__eh_frame_hdr_start]
    ret

; The address the unwinder compares return addresses with.
global zos_funclet_return_address
zos_funclet_return_address:
    lea rax, [zos_invoke_funclet_return]
    ret
