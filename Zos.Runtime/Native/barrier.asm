; The full memory fence behind System.Threading.Interlocked.MemoryBarrier
; (Zos.Runtime/System/Threading/Interlocked.cs): every earlier load and store is
; globally visible before any later one, including the store->load order x86
; does not otherwise keep.

bits 64
default rel
section .text

global zos_memory_barrier
zos_memory_barrier:
    mfence
    ret
