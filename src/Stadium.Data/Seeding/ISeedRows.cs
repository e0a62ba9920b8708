namespace Stadium.Data.Seeding;

public interface ISeedRows<T> : IDisposable
{
    void Add(T row);

    void Complete();
}
