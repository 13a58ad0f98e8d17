namespace Ensemble.Simulation.Kernels;

/// <summary>
/// An operation written once for every <see cref="IKernelProfile"/>, carrying its own arguments, that
/// <see cref="KernelProfiles.Dispatch{TCall, TResult}"/> runs with the profile of a shape value. A
/// struct (or ref struct, to carry spans), so the JIT specialises both the call and
/// <see cref="Invoke{TProfile}"/> per profile: no delegate, no virtual call, no allocation.
/// </summary>
internal interface IProfileCall<out TResult>
{
    TResult Invoke<TProfile>() where TProfile : struct, IKernelProfile;
}
