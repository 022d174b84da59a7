using Internal.Runtime;

namespace Zos.Runtime
{
    // Finds the code that implements an interface method for a concrete type, as
    // the CLR does: walk from the type to its bases looking for an implementation
    // in each type's dispatch map (exact interface first, then a variant one),
    // and only if none exists, look for a default interface method the same way.
    internal static unsafe class InterfaceResolver
    {
        // Dispatch map markers for a diamond ambiguity (0xFFFE) and a re-abstracted method (0xFFFF).
        private const int FirstSpecialSlot = 0xFFFE;

        public static nint FindImplementation(MethodTable* type, MethodTable* interfaceType, int interfaceSlot)
        {
            nint code = FindInHierarchy(type, interfaceType, interfaceSlot, defaultMethods: false);
            return code != 0 ? code : FindInHierarchy(type, interfaceType, interfaceSlot, defaultMethods: true);
        }

        private static nint FindInHierarchy(MethodTable* type, MethodTable* interfaceType, int interfaceSlot, bool defaultMethods)
        {
            for (MethodTable* current = type; current != null; current = current->BaseType)
            {
                int implementationSlot = FindSlot(current, interfaceType, interfaceSlot, defaultMethods, variant: false);
                if (implementationSlot < 0) implementationSlot = FindSlot(current, interfaceType, interfaceSlot, defaultMethods, variant: true);
                if (implementationSlot < 0) continue;
                if (implementationSlot >= FirstSpecialSlot) return 0;
                // A vtable slot may be overridden further down: read it from the object's own type.
                if (implementationSlot < current->NumVtableSlots) return type->VTable[implementationSlot];
                return current->GetSealedVirtualSlot(implementationSlot - current->NumVtableSlots);
            }
            return 0;
        }

        private static int FindSlot(MethodTable* type, MethodTable* interfaceType, int interfaceSlot, bool defaultMethods, bool variant)
        {
            DispatchMap* map = type->DispatchMap;
            if (map == null) return -1;
            int first = defaultMethods ? map->StandardEntryCount : 0;
            int end = first + (defaultMethods ? map->DefaultEntryCount : map->StandardEntryCount);
            MethodTable** interfaces = type->InterfaceMap;
            for (int i = first; i < end; i++)
            {
                DispatchMap.Entry* entry = map->GetEntry(i);
                if (entry->InterfaceMethodSlot != interfaceSlot) continue;
                MethodTable* implemented = interfaces[entry->InterfaceIndex];
                if (variant ? GenericVariance.IsVariantMatch(implemented, interfaceType) : implemented == interfaceType)
                    return entry->ImplementationSlot;
            }
            return -1;
        }
    }
}
