global using NUnit.Framework;
global using Zos.Testing;
