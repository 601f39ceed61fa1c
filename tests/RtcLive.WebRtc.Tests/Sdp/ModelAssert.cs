using System.Collections;
using System.Reflection;

namespace RtcLive.WebRtc.Tests.Sdp;

/// <summary>
/// Structural equality for the SDP model, which is made of mutable classes with lists (no value equality):
/// compares every public property recursively and names the first difference by its path.
/// </summary>
internal static class ModelAssert
{
    public static void Equivalent(object? expected, object? actual) => Compare(expected, actual, "root");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
                throw new Xunit.Sdk.XunitException($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }
        if (expected.GetType() != actual.GetType())
            throw new Xunit.Sdk.XunitException($"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");

        Type type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string || expected is decimal)
        {
            if (!expected.Equals(actual))
                throw new Xunit.Sdk.XunitException($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            if (e.Count != a.Count)
                throw new Xunit.Sdk.XunitException($"{path}: expected {e.Count} items, got {a.Count}\nexpected: {string.Join(" | ", e)}\nactual:   {string.Join(" | ", a)}");
            for (int i = 0; i < e.Count; i++) Compare(e[i], a[i], $"{path}[{i}]");
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    private static string Show(object? value) => value is null ? "null" : $"'{value}'";
}
