using Stadium.Jobs;

namespace Stadium.Service.Platform;

/// <summary>
/// A job type's bounds and concurrency as its feature ships them (registered as a singleton by the feature's module);
/// "Stadium:Jobs:Types:{type}:*" overrides them field by field. <see cref="Create"/> makes a fresh copy for each
/// queue configuration, since binding configuration writes into it.
/// </summary>
public sealed record JobTypeDefaults(string Type, Func<JobTypeOptions> Create);
