namespace Stadium.Data.Providers;

/// <summary>The backend's reading of an exception, so the API answers a database in trouble with a 503 that says which trouble.</summary>
public interface IStoreErrors
{
    StoreFailure Classify(Exception exception);
}
