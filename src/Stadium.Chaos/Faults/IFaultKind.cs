namespace Stadium.Chaos.Faults;

/// <summary>A named kind of fault (its YAML and CLI name), registered in <see cref="FaultKinds"/>.</summary>
internal interface IFaultKind
{
    string Name { get; }

    /// <summary>The targets it takes, for help and errors: "an API node, worker, primary, replica or redis".</summary>
    string Targets { get; }

    /// <summary>Builds the fault; throws <see cref="FaultException"/> when the target does not fit or is not found.</summary>
    IFault Create(FaultSpec spec, ChaosTarget target);
}
