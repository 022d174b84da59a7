using System;

namespace Zos.SelfTests.Exceptions
{
    // catch (T e) receives the very object that was thrown.
    public sealed class TypedCatchTest : KernelTest
    {
        public override string Name => "exceptions.typed_catch";

        public override string Run()
        {
            var thrown = new InvalidOperationException("typed");
            try
            {
                Thrower.Throw(thrown);
                return "execution continued after throw";
            }
            catch (InvalidOperationException e)
            {
                return Expect(ReferenceEquals(e, thrown), "caught a different object")
                    ?? Expect(e.Message == "typed", "message changed to " + e.Message);
            }
        }
    }
}
