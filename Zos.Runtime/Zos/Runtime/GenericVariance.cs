using System.Runtime;
using Internal.Runtime;

namespace Zos.Runtime
{
    // Variance of generic interfaces (IProducer<Cat> is an IProducer<Animal> when
    // T is `out`). Only reference-type arguments vary, as in the CLR.
    internal static unsafe class GenericVariance
    {
        public static bool IsVariantMatch(MethodTable* source, MethodTable* target)
        {
            if (!target->HasGenericVariance || !source->IsGeneric || !target->IsGeneric) return false;
            if (source->GenericDefinition != target->GenericDefinition) return false;
            for (int i = 0; i < target->GenericArity; i++)
            {
                MethodTable* from = source->GetGenericArgument(i);
                MethodTable* to = target->GetGenericArgument(i);
                if (from == to) continue;
                if (from->IsValueType || to->IsValueType) return false;
                byte variance = target->GetGenericVariance(i);
                if (variance == MethodTable.Covariant && TypeCast.IsAssignable(from, to)) continue;
                if (variance == MethodTable.Contravariant && TypeCast.IsAssignable(to, from)) continue;
                return false;
            }
            return true;
        }
    }
}
