using System.Runtime.CompilerServices;
using Zos.Runtime;

namespace System
{
    // ilc builds delegates by calling the Initialize* methods below (by name) and
    // invokes them as `_functionPointer(_firstParameter, args...)`. Field names,
    // the thunk kinds and the nested Wrapper type are part of that contract: for
    // delegates that need a thunk (static targets, multicast) _firstParameter is
    // the delegate itself and the thunk finds the real target in the other fields.
    public abstract unsafe class Delegate
    {
        internal object _firstParameter;
        internal object _helperObject;
        internal nint _extraFunctionPointerOrData;
        internal IntPtr _functionPointer;

        // An invocation list element; ilc's multicast thunk reads Wrapper[].Value.
        private struct Wrapper
        {
            public Delegate Value;
        }

        private protected const int MulticastThunk = 0;
        private protected const int ClosedStaticThunk = 1;
        private protected const int OpenStaticThunk = 2;
        private protected const int ClosedInstanceThunkOverGenericMethod = 3;

        // A generic method's "fat" pointer (code + instantiation) carries this bit.
        private const nint FatFunctionPointerBit = 2;

        // Not protected: the BCL has no parameterless constructor, and ilc builds delegates
        // through the Initialize* helpers rather than a base constructor.
        private protected Delegate() { }

        // ilc overrides this in every delegate type to hand out its thunks.
        private protected virtual IntPtr GetThunk(int whichThunk) => IntPtr.Zero;

        private void InitializeClosedInstance(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter is null) throw new NullReferenceException();
            _functionPointer = functionPointer;
            _firstParameter = firstParameter;
        }

        private void InitializeClosedInstanceSlow(object firstParameter, IntPtr functionPointer)
        {
            if (firstParameter is null) throw new NullReferenceException();
            if ((functionPointer & FatFunctionPointerBit) == 0)
            {
                _functionPointer = functionPointer;
                _firstParameter = firstParameter;
                return;
            }
            _firstParameter = this;
            _functionPointer = GetThunk(ClosedInstanceThunkOverGenericMethod);
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
        }

        private unsafe void InitializeClosedInstanceToInterface(object firstParameter, IntPtr dispatchCell)
        {
            if (firstParameter is null) throw new NullReferenceException();
            _functionPointer = InterfaceDispatch.Resolve(firstParameter, (InterfaceDispatchCell*)dispatchCell, null);
            _firstParameter = firstParameter;
        }

        private void InitializeClosedStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
            _functionPointer = functionPointerThunk;
            _firstParameter = this;
        }

        private void InitializeOpenStaticThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        private void InitializeInstanceThunk(object firstParameter, IntPtr functionPointer, IntPtr functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        private Wrapper[] InvocationList => _helperObject as Wrapper[];

        // The object an instance method is called on; null for static methods.
        public object Target
        {
            get
            {
                Wrapper[] list = InvocationList;
                if (list is not null) return list[(int)_extraFunctionPointerOrData - 1].Value.Target;
                if (_functionPointer == GetThunk(ClosedStaticThunk) || _functionPointer == GetThunk(ClosedInstanceThunkOverGenericMethod)) return _helperObject;
                return ReferenceEquals(_firstParameter, this) ? null : _firstParameter;
            }
        }

        public static Delegate Combine(Delegate a, Delegate b) => a is null ? b : a.CombineImpl(b);

        public static Delegate Remove(Delegate source, Delegate value) => source?.RemoveImpl(value);

        public Delegate[] GetInvocationList()
        {
            Wrapper[] list = InvocationList;
            if (list is null) return new Delegate[] { this };
            var result = new Delegate[(int)_extraFunctionPointerOrData];
            for (int i = 0; i < result.Length; i++) result[i] = list[i].Value;
            return result;
        }

        protected virtual Delegate CombineImpl(Delegate d)
        {
            if (d is null) return this;
            if (d.m_pEEType != m_pEEType) throw new ArgumentException("Delegates must be of the same type.");
            Delegate[] first = GetInvocationList();
            Delegate[] second = d.GetInvocationList();
            var list = new Wrapper[first.Length + second.Length];
            for (int i = 0; i < first.Length; i++) list[i].Value = first[i];
            for (int i = 0; i < second.Length; i++) list[first.Length + i].Value = second[i];
            return NewMulticast(list, list.Length);
        }

        // Removes the last occurrence of d's invocation list as a contiguous run, as the BCL does.
        protected virtual Delegate RemoveImpl(Delegate d)
        {
            if (d is null) return this;
            Delegate[] source = GetInvocationList();
            Delegate[] removed = d.GetInvocationList();
            for (int start = source.Length - removed.Length; start >= 0; start--)
            {
                if (!RunEquals(source, start, removed)) continue;
                int remaining = source.Length - removed.Length;
                if (remaining == 0) return null;
                if (remaining == 1) return source[start == 0 ? source.Length - 1 : 0];
                var list = new Wrapper[remaining];
                for (int i = 0, j = 0; i < source.Length; i++)
                    if (i < start || i >= start + removed.Length) list[j++].Value = source[i];
                return NewMulticast(list, remaining);
            }
            return this;
        }

        private static bool RunEquals(Delegate[] source, int start, Delegate[] run)
        {
            for (int i = 0; i < run.Length; i++)
                if (!source[start + i].Equals(run[i])) return false;
            return true;
        }

        private Delegate NewMulticast(Wrapper[] list, int count)
        {
            Delegate result = Unsafe.As<Delegate>(ObjectAllocator.NewObject(m_pEEType));
            result._functionPointer = GetThunk(MulticastThunk);
            result._firstParameter = result;
            result._helperObject = list;
            result._extraFunctionPointerOrData = count;
            return result;
        }

        public override bool Equals(object obj)
        {
            if (obj is null || obj.m_pEEType != m_pEEType) return false;
            if (ReferenceEquals(this, obj)) return true;
            Delegate other = Unsafe.As<Delegate>(obj);
            Wrapper[] list = InvocationList;
            if (list is not null)
            {
                if (other.InvocationList is null || other._extraFunctionPointerOrData != _extraFunctionPointerOrData) return false;
                return RunEquals(GetInvocationList(), 0, other.GetInvocationList());
            }
            if (!ReferenceEquals(_helperObject, other._helperObject) ||
                _extraFunctionPointerOrData != other._extraFunctionPointerOrData ||
                _functionPointer != other._functionPointer)
                return false;
            // Thunked delegates point _firstParameter at themselves, so compare that role, not the object.
            if (ReferenceEquals(_firstParameter, this)) return ReferenceEquals(other._firstParameter, other);
            return ReferenceEquals(_firstParameter, other._firstParameter);
        }

        public override int GetHashCode()
        {
            Wrapper[] list = InvocationList;
            if (list is not null) return list[0].Value.GetHashCode() ^ (int)_extraFunctionPointerOrData;
            nint code = _extraFunctionPointerOrData != 0 ? _extraFunctionPointerOrData : _functionPointer;
            return (int)code ^ (int)((long)code >> 32);
        }

        public static bool operator ==(Delegate d1, Delegate d2) => ReferenceEquals(d1, d2) || (d1 is not null && d1.Equals(d2));

        public static bool operator !=(Delegate d1, Delegate d2) => !(d1 == d2);
    }
}
