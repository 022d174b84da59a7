; Interface dispatch stubs. A call site loads its dispatch cell's address into
; r11 and calls through the cell's first word; the argument registers (rdi = this,
; rsi, rdx, rcx, r8, r9, xmm0-7) still hold the callee's arguments and must reach
; it untouched. Only rax, r10 and r11 are free. See InterfaceDispatchCell.cs.

bits 64
default rel
section .text

extern zos_resolve_interface_call

; First call from a cell, or a cache miss: resolve in C#, which also fills the
; cell's cache, then jump to the implementation as if called directly.
global RhpInitialDynamicInterfaceDispatch
global RhpInitialInterfaceDispatch
RhpInitialDynamicInterfaceDispatch:
RhpInitialInterfaceDispatch:
    mov rax, [rdi]                  ; a null `this` faults here, at the call
    push rbp
    mov rbp, rsp
    push rdi
    push rsi
    push rdx
    push rcx
    push r8
    push r9
    sub rsp, 8 * 16                 ; xmm0-7; rsp stays 16-byte aligned for the call
    movdqu [rsp + 0 * 16], xmm0
    movdqu [rsp + 1 * 16], xmm1
    movdqu [rsp + 2 * 16], xmm2
    movdqu [rsp + 3 * 16], xmm3
    movdqu [rsp + 4 * 16], xmm4
    movdqu [rsp + 5 * 16], xmm5
    movdqu [rsp + 6 * 16], xmm6
    movdqu [rsp + 7 * 16], xmm7
    mov rsi, r11                    ; rdi = this already
    mov rdx, [rbp + 8]              ; the call site, for a failure report
    call zos_resolve_interface_call
    movdqu xmm0, [rsp + 0 * 16]
    movdqu xmm1, [rsp + 1 * 16]
    movdqu xmm2, [rsp + 2 * 16]
    movdqu xmm3, [rsp + 3 * 16]
    movdqu xmm4, [rsp + 4 * 16]
    movdqu xmm5, [rsp + 5 * 16]
    movdqu xmm6, [rsp + 6 * 16]
    movdqu xmm7, [rsp + 7 * 16]
    add rsp, 8 * 16
    pop r9
    pop r8
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    pop rbp
    jmp rax

; A resolved cell: its second word points at an InterfaceDispatchCache, a
; 16-byte header and then (MethodTable, code) pairs ending with a null MethodTable.
global RhpZosCachedInterfaceDispatch
RhpZosCachedInterfaceDispatch:
    mov rax, [rdi]                  ; the object's MethodTable; null `this` faults here
    mov r10, [r11 + 8]
    add r10, 16
.probe:
    cmp rax, [r10]
    je .hit
    cmp qword [r10], 0
    je RhpInitialDynamicInterfaceDispatch
    add r10, 16
    jmp .probe
.hit:
    jmp [r10 + 8]

global zos_cached_interface_dispatch_stub
zos_cached_interface_dispatch_stub:
    lea rax, [RhpZosCachedInterfaceDispatch]
    ret
