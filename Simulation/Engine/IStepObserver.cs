namespace Ensemble.Simulation.Engine;

/// <summary>Receives the state at the steps it asks for (step 0 is the initial state).</summary>
internal interface IStepObserver
{
    bool Wants(int step);

    /// <summary>Called for each process at a wanted step; positions are valid only during the call.</summary>
    void Observe(int step, double time, int process, ParticleVectors positions);
}
