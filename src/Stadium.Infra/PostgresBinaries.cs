namespace Stadium.Infra;

/// <summary>Where the PostgreSQL server programs of one installed major version live.</summary>
internal sealed record PostgresBinaries(int MajorVersion, string BinDirectory)
{
    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");
    public string PgBaseBackup => Path.Combine(BinDirectory, "pg_basebackup");
    public string Postgres => Path.Combine(BinDirectory, "postgres");
}
