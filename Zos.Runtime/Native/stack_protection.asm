; Stack buffer overrun detection for methods with stackalloc: ilc's code stores
; __security_cookie in the frame and compares it on return; a mismatch calls
; RhpFallbackFailFast, which must not return.

bits 64
default rel

section .data
global __security_cookie
__security_cookie: dq 0x2B992DDFA232F5A7   ; any value works; a constant keeps boot deterministic

section .text
extern zos_stack_overrun
global RhpFallbackFailFast
RhpFallbackFailFast:
    mov rdi, [rsp]                  ; where the check failed
    jmp zos_stack_overrun
