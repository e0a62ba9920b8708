namespace Stadium.Planning.Simulate;

/// <summary>Arrivals per second per endpoint (in the order of the simulation's endpoints) for every second of a run.</summary>
internal interface ITrafficTrace
{
    /// <summary>How results name the trace: diurnal, launch, spike or the file's path.</summary>
    string Name { get; }

    /// <summary>The run's length in seconds.</summary>
    int Seconds { get; }

    /// <summary>Fills <paramref name="rates"/> with each endpoint's arrivals per second at <paramref name="second"/>.</summary>
    void Rates(int second, Span<double> rates);
}
