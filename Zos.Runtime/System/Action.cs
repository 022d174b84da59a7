namespace System
{
    public delegate void Action();
}
