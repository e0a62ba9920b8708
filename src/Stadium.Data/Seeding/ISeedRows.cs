namespace Stadium.Data.Seeding;

internal interface ISeedRows<T> : IDisposable
{
    void Add(T row);

    void Complete();
}
