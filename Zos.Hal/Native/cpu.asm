; CPU primitives that C# cannot express: port I/O, control registers,
; descriptor tables, interrupt entry. Each is a plain System V function that
; Zos.Hal imports by symbol name (see Zos.Hal/Native/NativeCpu.cs).

bits 64
default rel
section .text

%macro export 1
global %1
%1:
%endmacro

export zos_in8
    mov edx, edi
    in al, dx
    movzx eax, al
    ret
export zos_in16
    mov edx, edi
    in ax, dx
    movzx eax, ax
    ret
export zos_in32
    mov edx, edi
    in eax, dx
    ret
export zos_out8
    mov edx, edi
    mov eax, esi
    out dx, al
    ret
export zos_out16
    mov edx, edi
    mov eax, esi
    out dx, ax
    ret
export zos_out32
    mov edx, edi
    mov eax, esi
    out dx, eax
    ret

export zos_read_cr0
    mov rax, cr0
    ret
export zos_read_cr2
    mov rax, cr2
    ret
export zos_read_cr3
    mov rax, cr3
    ret
export zos_read_cr4
    mov rax, cr4
    ret
export zos_read_rflags
    pushfq
    pop rax
    ret
export zos_rdtsc
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret
; void zos_cpuid(uint leaf, uint subleaf, uint* out4)
export zos_cpuid
    push rbx
    mov r8, rdx
    mov eax, edi
    mov ecx, esi
    cpuid
    mov [r8], eax
    mov [r8 + 4], ebx
    mov [r8 + 8], ecx
    mov [r8 + 12], edx
    pop rbx
    ret
export zos_lidt
    lidt [rdi]
    ret
; ulong zos_rdmsr(uint msr)
export zos_rdmsr
    mov ecx, edi
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret
; void zos_wrmsr(uint msr, ulong value)
export zos_wrmsr
    mov ecx, edi
    mov eax, esi
    mov rdx, rsi
    shr rdx, 32
    wrmsr
    ret
export zos_invlpg
    invlpg [rdi]
    ret
; ulong zos_disable_interrupts_saving(): RFLAGS as it was, then cli.
export zos_disable_interrupts_saving
    pushfq
    pop rax
    cli
    ret
; void zos_restore_interrupts(ulong rflags): interrupts on again only if they were.
export zos_restore_interrupts
    test edi, 0x200
    jz .keep_off
    sti
.keep_off:
    ret
export zos_cli
    cli
    ret
export zos_sti
    sti
    ret
; Enables interrupts and halts in one step: the interrupt shadow of sti
; guarantees no interrupt is taken between the two, so a wakeup cannot be lost.
export zos_sti_hlt
    sti
    hlt
    ret
export zos_hlt
    hlt
    ret
export zos_pause
    pause
    ret
export zos_ud2
    ud2
    ret
; Current frame pointer, for stack walks in panic reports.
export zos_read_rbp
    mov rax, rbp
    ret
; Triple-fault reboot: an empty IDT and an interrupt.
export zos_triple_fault
    lidt [empty_idt]
    int3
    jmp $

; Interrupt entry. Each stub pushes a zero error code where the CPU does not,
; then its vector, and jumps to the common path, which saves the general
; registers (as InterruptFrame) and the FPU/SSE state, and calls the managed
; dispatcher zos_interrupt(InterruptFrame*).
extern zos_interrupt

%macro stub_without_error 1
interrupt_stub_%1:
    push 0
    push %1
    jmp interrupt_common
%endmacro
%macro stub_with_error 1
interrupt_stub_%1:
    push %1
    jmp interrupt_common
%endmacro

%assign v 0
%rep 256
%if v = 8 || v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
    stub_with_error v
%else
    stub_without_error v
%endif
%assign v v + 1
%endrep

interrupt_common:
    cld
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rdi, rsp
    sub rsp, 512
    fxsave [rsp]
    call zos_interrupt
    fxrstor [rsp]
    add rsp, 512
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16
    iretq

section .rodata
align 8
global zos_interrupt_stubs
zos_interrupt_stubs:
%macro stub_address 1
    dq interrupt_stub_%1
%endmacro
%assign v 0
%rep 256
    stub_address v
%assign v v + 1
%endrep
    dq 0                            ; end of table

align 8
empty_idt:
    dw 0
    dq 0
