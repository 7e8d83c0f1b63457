using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Tailwart.Core;

namespace Tailwart.Tests.Facade;

/// <summary>
/// Guards are unbypassable: no public Core type other than the facade may, through any chain of
/// Core calls, open a socket, send an HTTP request, start a process, talk to PostgreSQL or change a
/// container's lifecycle. Everything that does is internal and reached only through
/// <see cref="TailwartCore"/>, which applies the read-only policy, the budgets and the gate.
/// </summary>
/// <remarks>
/// How it works: the IL of every method in Tailwart.Core is read (call, callvirt, newobj, ldftn
/// operands) into a call graph. An async or iterator method gets an edge to its state machine's
/// MoveNext, a lambda is reached through its ldftn, and a call to a Core interface or virtual
/// method (called, or scanned itself) gets an edge to every Core implementation of it. A method "reaches the outside" when it
/// calls one of the primitives below or a Core method that does. The test fails for each public
/// or protected member of a public Core type (the facade excepted) that reaches the outside, naming
/// the chain, and it checks itself on the primitives it must see (the facade reaches them all).
/// </remarks>
public sealed class UnbypassableGuardsTests
{
    /// <summary>The primitives: by declaring type (full name prefix), and for Docker only the lifecycle methods.</summary>
    private static readonly string[] PrimitiveTypes =
    [
        "System.Net.Sockets.",
        "System.Net.Http.HttpClient",
        "System.Net.Http.HttpMessageInvoker",
        "System.Net.Security.SslStream",
        "System.Diagnostics.Process",
        "CliWrap.",
        "Npgsql.",
        "DnsClient.LookupClient",
    ];

    private static readonly string[] DockerLifecycle = ["StartContainerAsync", "StopContainerAsync", "RestartContainerAsync", "KillContainerAsync", "CreateContainerAsync", "RemoveContainerAsync"];

    private static readonly Assembly Core = typeof(TailwartCore).Assembly;

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => (ushort)o.Value);

    [Fact]
    public void No_public_core_type_but_the_facade_reaches_a_socket_a_process_or_a_container_lifecycle()
    {
        // given
        var graph = new CallGraph();

        // when
        var offenders = Core.GetTypes()
            .Where(t => t.IsVisible && t != typeof(TailwartCore))
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .OfType<MethodBase>()
                .Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly)
                .Select(m => (Type: t, Method: m, Chain: graph.ChainToOutside(m))))
            .Where(x => x.Chain is not null)
            .Select(x => $"{x.Type.FullName}.{x.Method.Name}: {string.Join(" → ", x.Chain!)}")
            .ToList();

        // then
        Assert.True(offenders.Count == 0, "public Core members that reach the outside without the facade:\n" + string.Join("\n", offenders));
    }

    [Theory]
    [InlineData(nameof(TailwartCore.ProbeAsync), "System.Net.Sockets.")]
    [InlineData(nameof(TailwartCore.KeyTestAsync), "System.Net.Http.")]
    [InlineData(nameof(TailwartCore.FlushBansAsync), "RestartContainerAsync")]
    [InlineData(nameof(TailwartCore.UpAsync), "CliWrap.")]
    [InlineData(nameof(TailwartCore.UnbanAsync), "System.Net.Http.")]
    public void The_scan_sees_the_outside_through_the_facade(string facadeMethod, string primitive)
    {
        var graph = new CallGraph();

        // every overload (UnbanAsync takes addresses or a plan): at least one must be seen to reach the primitive
        IReadOnlyList<string>? chain = typeof(TailwartCore).GetMethods().Where(m => m.Name == facadeMethod)
            .Select(m => graph.ChainToOutside(m, primitive)).FirstOrDefault(c => c is not null);

        Assert.True(chain is not null, $"the scan does not see {facadeMethod} reach {primitive}: it would miss a bypass too");
    }

    /// <summary>Core's methods and the Core methods or primitives each one calls.</summary>
    private sealed class CallGraph
    {
        private readonly Dictionary<MethodBase, List<MethodBase>> _edges = [];
        private readonly Dictionary<(MethodBase, string), IReadOnlyList<string>?> _memo = [];

        public IReadOnlyList<string>? ChainToOutside(MethodBase method, string? primitive = null) => Search(method, primitive ?? "", []);

        private IReadOnlyList<string>? Search(MethodBase method, string primitive, HashSet<MethodBase> path)
        {
            if (_memo.TryGetValue((method, primitive), out var known))
                return known;
            if (!path.Add(method))
                return null;
            IReadOnlyList<string>? found = null;
            foreach (MethodBase callee in Callees(method))
            {
                if (callee.DeclaringType?.Assembly != Core)
                {
                    if (IsPrimitive(callee) && Describe(callee).Contains(primitive, StringComparison.Ordinal))
                    {
                        found = [Describe(method), Describe(callee)];
                        break;
                    }
                    continue;
                }
                if (Search(callee, primitive, path) is { } rest)
                {
                    found = [Describe(method), .. rest];
                    break;
                }
            }
            path.Remove(method);
            _memo[(method, primitive)] = found;
            return found;
        }

        private static bool IsPrimitive(MethodBase m)
        {
            string type = m.DeclaringType?.FullName ?? "";
            if (PrimitiveTypes.Any(p => type.StartsWith(p, StringComparison.Ordinal)))
                return true;
            return type.StartsWith("Docker.DotNet.", StringComparison.Ordinal) && DockerLifecycle.Contains(m.Name);
        }

        private static string Describe(MethodBase m) => $"{m.DeclaringType?.FullName}.{m.Name}";

        private List<MethodBase> Callees(MethodBase method)
        {
            if (_edges.TryGetValue(method, out var known))
                return known;
            var callees = new List<MethodBase>();
            _edges[method] = callees;
            // async, iterator and async-iterator methods run in their state machine's MoveNext
            foreach (StateMachineAttribute sm in method.GetCustomAttributes<StateMachineAttribute>())
            {
                if (sm.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is { } moveNext)
                    callees.Add(moveNext);
            }
            // an interface or virtual member of Core runs as its Core implementations
            if (method is MethodInfo { IsVirtual: true } self && self.DeclaringType?.Assembly == Core)
                callees.AddRange(Implementations(self));
            foreach (MethodBase callee in Operands(method))
            {
                callees.Add(callee);
                if (callee.DeclaringType?.Assembly == Core && callee is MethodInfo { IsVirtual: true } virtualMethod)
                    callees.AddRange(Implementations(virtualMethod));
            }
            return callees;
        }

        /// <summary>Every Core method that implements or overrides <paramref name="method"/>.</summary>
        private static IEnumerable<MethodBase> Implementations(MethodInfo method)
        {
            Type declaring = method.DeclaringType!;
            foreach (Type t in Core.GetTypes().Where(t => t.IsClass && t != declaring && declaring.IsAssignableFrom(t) && !t.ContainsGenericParameters))
            {
                if (declaring.IsInterface)
                {
                    InterfaceMapping map = t.GetInterfaceMap(declaring);
                    int i = Array.IndexOf(map.InterfaceMethods, method);
                    if (i >= 0)
                        yield return map.TargetMethods[i];
                }
                else if (t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .FirstOrDefault(m => m.GetBaseDefinition() == method.GetBaseDefinition()) is { } over)
                {
                    yield return over;
                }
            }
        }

        /// <summary>The methods a method's IL calls, constructs or takes a pointer to.</summary>
        private static IEnumerable<MethodBase> Operands(MethodBase method)
        {
            byte[]? il;
            try
            {
                il = method.GetMethodBody()?.GetILAsByteArray();
            }
            catch (InvalidOperationException)
            {
                yield break;
            }
            if (il is null)
                yield break;
            Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
            Type[]? methodArgs = method is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null;
            for (int i = 0; i < il.Length;)
            {
                ushort value = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
                i += il[i] == 0xFE ? 2 : 1;
                OpCode op = OpCodesByValue[value];
                if (op.OperandType == OperandType.InlineMethod)
                {
                    MethodBase? target = null;
                    try
                    {
                        target = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                    }
                    if (target is not null)
                        yield return target is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericMethodDefinition() : target;
                }
                i += OperandSize(op, il, i);
            }
        }

        private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
            _ => 4,
        };
    }
}
