namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// The transport part of one of the four limit PDEs, all of the form d_t u_k = sigma_k Lap u_k + div(u_k v_k[u]):
/// given the densities, the velocity v_k at cell faces (for the fluxes) and at cell centres (for the coupled
/// processes, whose drift is -v_k). A model may move the part of its flux that is a diffusion of u_k itself
/// (a_kk u_k grad u_k in model A's (1), the self part of b_k u_k grad P in model B's (1.1)) into an extra face
/// diffusivity, which the stepper treats implicitly with sigma_k; the face velocity is then the rest.
/// Arrays: u[k][cell]; face arrays [k][axis][cell] hold the value at the face between cell and its upper
/// neighbour along the axis (meaningless for the last cell of a line, which borders the wall).
/// </summary>
internal interface IVelocityModel
{
    /// <summary>"direct" for stencil sums of exact cell integrals; "none" for the local equations.</summary>
    string Convolution { get; }

    /// <summary>
    /// Whether the velocity is a convolution of the densities (bounded, smooth in time, free of their derivatives), so
    /// that the solver may extrapolate it to the middle of a step and be second order in time. False for the local
    /// equations: their velocity holds gradients of the densities, an explicit diffusion that extrapolation in time
    /// would make less stable, so they keep the first-order (Lie) split step.
    /// </summary>
    bool SmoothInTime { get; }

    /// <summary>Whether <see cref="Faces"/> writes an extra diffusivity (else the stepper's is sigma alone).</summary>
    bool HasSelfDiffusion { get; }

    /// <summary>The explicit face velocity and, when <see cref="HasSelfDiffusion"/>, the extra face diffusivity (&gt;= 0).</summary>
    void Faces(double[][] u, double[][][] velocity, double[][][] diffusivity);

    /// <summary>
    /// The largest diffusivity hidden in the explicit face velocity (the cross terms a_ij u_i grad u_j of (1),
    /// b_k rho_k P' a_l grad rho_l of (1.1)), 0 for the nonlocal equations: an explicit diffusion, stable only while
    /// tau 2 d D / h^2 &lt;= 1, which the time step must respect besides the positivity limits.
    /// </summary>
    double ExplicitDiffusivity(double[][] u);

    /// <summary>The whole velocity v_k at the cell centres (the coupled process reads -v_k).</summary>
    void Centres(double[][] u, double[][][] velocity);

    /// <summary>Throws <see cref="LimitFailureException"/> where the equation stops being well posed at <paramref name="time"/>.</summary>
    void Check(double time, double[][] u);
}
