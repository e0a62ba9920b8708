using Stadium.Testing;

namespace Stadium.Infra.Tests;

/// <summary>One primary, one streaming replica and one Redis for the whole collection, started by the launcher itself.</summary>
[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<TestClusterFixture>
{
    public const string Name = "infra";
}
