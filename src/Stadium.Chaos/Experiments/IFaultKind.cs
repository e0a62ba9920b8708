using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>A kind of fault an experiment's method can name (<c>fault: kill</c>), registered in <see cref="FaultCatalog"/>.</summary>
internal interface IFaultKind
{
    string Name { get; }

    /// <exception cref="FormatException">The step cannot be done here (an unknown target, a missing attribute).</exception>
    IFault Create(MethodStep step, FaultContext context);
}
