namespace Stadium.Service.Platform;

/// <summary>
/// Stands for the "Stadium:Jobs" section in the start-up checks: <see cref="Stadium.Jobs.JobsOptions"/> is built from
/// the features' job-type defaults and the configuration (<see cref="JobsRegistration.ReadOptions"/>), not bound as
/// options, so its checks hang on this.
/// </summary>
internal sealed class JobsSettings;
