namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// What the nonlocal equations (4) and (1.5) share as velocity models: the velocity is a convolution with
/// exact cell integrals of the kernel's gradient, evaluated with face stencils (for the fluxes) or centre
/// stencils (for the coupled processes); no part of it is a diffusion, and the equation is well posed for
/// any nonnegative density, so there is nothing to check.
/// </summary>
internal abstract class NonlocalVelocityModel<TStencils> : IVelocityModel
{
    protected abstract TStencils FaceStencils { get; }
    protected abstract TStencils CentreStencils { get; }

    public string Convolution => "direct";

    public bool SmoothInTime => true;

    public bool HasSelfDiffusion => false;

    public double ExplicitDiffusivity(double[][] u) => 0.0;

    public void Faces(double[][] u, double[][][] velocity, double[][][] diffusivity) => Evaluate(u, velocity, FaceStencils);

    public void Centres(double[][] u, double[][][] velocity) => Evaluate(u, velocity, CentreStencils);

    public void Check(double time, double[][] u)
    {
    }

    protected abstract void Evaluate(double[][] u, double[][][] velocity, TStencils stencils);
}
