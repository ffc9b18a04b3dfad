using DataGen.Pipeline.Engine;
using DataGen.Stages.Llm.Metering;

namespace DataGen.Pipeline.Build;

/// <summary>
/// Links the run's token to its budget: when a cap is reached the run is cancelled through the same path as Ctrl+C,
/// and a run cancelled that way (not by the user) ends as budget_exhausted with exit code 3 and a one-line message.
/// </summary>
internal sealed class BudgetStop : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly BudgetTracker? _budget;
    private readonly CancellationToken _user;
    private int _disposed;

    public BudgetStop(BudgetTracker? budget, CancellationToken userToken)
    {
        _budget = budget;
        _user = userToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(userToken);
        // Cancel synchronously: the request that tripped the budget returns only after every stage token is cancelled.
        budget?.OnExhausted(() =>
        {
            if (Volatile.Read(ref _disposed) == 0)
                _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    public EngineResult Apply(EngineResult result, string runFolder, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_budget is not { IsExhausted: true } budget || result.Status != RunStatus.Cancelled || _user.IsCancellationRequested)
            return result;
        var message = budget.Describe(runFolder);
        errors.WriteLine($"error: {message}");
        return new EngineResult(RunStatus.BudgetExhausted, ExitCodes.BudgetExhausted, message, null);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _stop.Dispose();
    }
}
