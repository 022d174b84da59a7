; Stack buffer overrun detection. ilc puts a copy of __security_cookie below
; the locals of methods with stack buffers (stackalloc, fixed buffers) and
; checks it on return; a mismatch calls RhpFallbackFailFast.

bits 64
default rel

section .data
align 8
global __security_cookie
__security_cookie: dq 0x2B992DDFA23249D6     ; a fixed value: it catches overruns, not deliberate attacks

section .text
extern zos_stack_cookie_corrupted
global RhpFallbackFailFast
RhpFallbackFailFast:
    mov rdi, [rsp]                          ; the return address: inside the method that overran
    and rsp, -16
    call zos_stack_cookie_corrupted
    ud2
