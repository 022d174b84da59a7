using System;

namespace Zos.Kernel.Hosting
{
    // The drivers the kernel can bind to devices, each named once.
    public sealed class DriverCatalog
    {
        private readonly DriverRegistration[] _registrations;

        public DriverCatalog(DriverRegistration[] registrations)
        {
            for (int i = 0; i < registrations.Length; i++)
                for (int j = 0; j < i; j++)
                    if (registrations[j].Name == registrations[i].Name)
                        throw new ArgumentException("driver catalog: two drivers are named " + registrations[i].Name);
            _registrations = registrations;
        }

        public int Count => _registrations.Length;
        public DriverRegistration At(int index) => _registrations[index];

        public DriverRegistration Find(string name)
        {
            for (int i = 0; i < _registrations.Length; i++)
                if (_registrations[i].Name == name) return _registrations[i];
            return null;
        }
    }
}
