; Zos boot stub: GRUB (multiboot2) enters here in 32-bit protected mode.
; It builds identity page tables for the first 4 GiB (page 0 left unmapped so
; that null dereferences fault), switches to long mode, loads the GDT with a
; TSS whose IST stacks catch double faults, NMIs, machine checks and page faults, enables
; SSE (compiled C# uses xmm registers) and calls the managed entry point
; zos_kmain(multiboot_info, multiboot_magic).

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
KERNEL_STACK     equ 64 * 1024
IST_STACK        equ 16 * 1024

section .multiboot2 align=8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    ; Console flags (multiboot2 spec 3.1.6): bit 1, the kernel can use an EGA
    ; text screen, which GRUB gives on BIOS machines when it sets no graphics mode.
    dw 4, 1                         ; optional: boot without a screen rather than not at all
    dd 12
    dd 1 << 1
    dd 0                            ; tags start 8-byte aligned
    ; Framebuffer (3.1.10): a preference, not a demand; GRUB picks the nearest
    ; mode it can set (VBE on BIOS, GOP on UEFI, where there is no text mode).
    dw 5, 1
    dd 20
    dd 1024, 768, 32
    dd 0
    ; end tag
    dw 0, 0
    dd 8
mb2_header_end:

section .boot32 progbits alloc exec nowrite align=16
bits 32
global _start
_start:
    cli
    mov esp, boot_stack_top
    mov [multiboot_magic], eax
    mov [multiboot_info], ebx

    ; Long mode needs CPUID leaf 0x80000001 bit 29.
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz .no_long_mode

    call build_page_tables

    mov eax, pml4
    mov cr3, eax
    mov eax, cr4
    or eax, (1 << 5)                ; PAE
    mov cr4, eax
    mov ecx, 0xC0000080             ; EFER
    rdmsr
    or eax, (1 << 8) | (1 << 11)    ; LME, NXE
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16)   ; PG, WP
    mov cr0, eax

    lgdt [gdt_pointer]
    jmp 0x08:long_mode_entry

.no_long_mode:
    ; Report on COM1 directly: there is no console yet.
    mov esi, no_long_mode_msg
.print:
    lodsb
    test al, al
    jz .halt
    mov dx, 0x3F8
    out dx, al
    jmp .print
.halt:
    hlt
    jmp .halt

; PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages,
; except PD0[0] which points at a 4 KiB page table whose entry 0 stays empty.
build_page_tables:
    mov edi, pml4
    mov ecx, (6 * 4096) / 4         ; pml4, pdpt, 4 PDs... cleared below
    xor eax, eax
    rep stosd
    mov edi, page_table_low
    mov ecx, 4096 / 4
    rep stosd

    mov dword [pml4], pdpt + 3
    mov eax, page_directories + 3
    mov dword [pdpt + 0], eax
    add eax, 4096
    mov dword [pdpt + 8], eax
    add eax, 4096
    mov dword [pdpt + 16], eax
    add eax, 4096
    mov dword [pdpt + 24], eax

    ; 2048 entries of 2 MiB: present, writable, huge.
    mov edi, page_directories
    mov eax, 0x83
    xor edx, edx
    mov ecx, 2048
.pd_loop:
    mov [edi], eax
    mov [edi + 4], edx
    add eax, 0x200000
    adc edx, 0
    add edi, 8
    loop .pd_loop

    ; First 2 MiB in 4 KiB pages, page 0 not present.
    mov edi, page_table_low + 8
    mov eax, 0x1000 + 3
    mov ecx, 511
.pt_loop:
    mov [edi], eax
    add eax, 0x1000
    add edi, 8
    loop .pt_loop
    mov dword [page_directories], page_table_low + 3
    ret

bits 64
section .text
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, kernel_stack_top

    call install_tss

    mov eax, [multiboot_info]
    mov [boot_info.multiboot_info], rax
    mov eax, [multiboot_magic]
    mov [boot_info.multiboot_magic], rax

    ; SSE: clear CR0.EM, set CR0.MP; set CR4.OSFXSR and CR4.OSXMMEXCPT.
    mov rax, cr0
    and rax, ~(1 << 2)
    or rax, (1 << 1)
    mov cr0, rax
    mov rax, cr4
    or rax, (1 << 9) | (1 << 10)
    mov cr4, rax

    xor rbp, rbp
    extern zos_runtime_initialize, zos_heap_bootstrap_arena, __modules_start, __modules_end
    mov rdi, __modules_start
    mov rsi, __modules_end
    mov rdx, zos_heap_bootstrap_arena
    call zos_runtime_initialize

    extern zos_kmain
    lea rdi, [rel boot_info]
    call zos_kmain
.hang:
    cli
    hlt
    jmp .hang

; Fill the TSS descriptor (its base is only known at link time in pieces)
; and point the IST slots at their stacks.
install_tss:
    lea rax, [rel tss]
    mov rdi, gdt_tss
    mov word [rdi + 0], tss_end - tss - 1
    mov [rdi + 2], ax
    shr rax, 16
    mov [rdi + 4], al
    mov byte [rdi + 5], 0x89        ; present, 64-bit available TSS
    mov byte [rdi + 6], 0
    mov [rdi + 7], ah
    shr rax, 16
    mov [rdi + 8], eax
    mov dword [rdi + 12], 0

    lea rax, [rel kernel_stack_top]
    mov [tss + 4], rax              ; RSP0
    lea rax, [rel ist1_top]
    mov [tss + 36], rax
    lea rax, [rel ist2_top]
    mov [tss + 44], rax
    lea rax, [rel ist3_top]
    mov [tss + 52], rax
    lea rax, [rel ist4_top]
    mov [tss + 60], rax
    mov word [tss + 102], tss_end - tss   ; no I/O permission bitmap yet
    mov ax, 0x18
    ltr ax
    ret

section .rodata
no_long_mode_msg: db "Zos: this CPU has no long mode (x86-64); cannot boot.", 13, 10, 0

section .data
align 16
gdt:
    dq 0                            ; null
    dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code, ring 0
    dq 0x00CF92000000FFFF           ; 0x10: data, ring 0
gdt_tss:
    dq 0, 0                         ; 0x18: TSS (16 bytes), filled by install_tss
gdt_end:
gdt_pointer:
    dw gdt_end - gdt - 1
    dq gdt

multiboot_magic: dd 0
multiboot_info:  dd 0

; What zos_kmain receives (Zos.Kernel/Boot/BootInfo.cs).
extern __kernel_start, __kernel_end, zos_interrupt_stubs
align 8
boot_info:
    .multiboot_info:   dq 0
    .multiboot_magic:  dq 0
    .kernel_start:     dq __kernel_start
    .kernel_end:       dq __kernel_end
    .interrupt_stubs:  dq zos_interrupt_stubs

align 16
tss:
    times 104 db 0
tss_end:

section .bss
align 4096
pml4:             resb 4096
pdpt:             resb 4096
page_directories: resb 4 * 4096
page_table_low:   resb 4096
boot_stack:       resb 4096
boot_stack_top:
align 16
kernel_stack:     resb KERNEL_STACK
global kernel_stack_top
kernel_stack_top:
ist1_stack:       resb IST_STACK
ist1_top:
ist2_stack:       resb IST_STACK
ist2_top:
ist3_stack:       resb IST_STACK
ist3_top:
ist4_stack:       resb IST_STACK
ist4_top:
global interrupt_stacks_top
interrupt_stacks_top:
