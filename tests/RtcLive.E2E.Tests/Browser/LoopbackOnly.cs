using System.Net.NetworkInformation;

namespace RtcLive.E2E.Tests.Browser;

/// <summary>
/// WebRTC tests must not put a packet on a real network: they run inside a network namespace whose only
/// interface is loopback (./test.sh wraps them in `unshare -n`). Outside one, Chromium would gather
/// candidates on every interface, so the tests refuse to run and say how to run them.
/// </summary>
public static class LoopbackOnly
{
    public static void Require()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType != NetworkInterfaceType.Loopback && nic.OperationalStatus == OperationalStatus.Up)
                throw new InvalidOperationException(
                    $"network interface '{nic.Name}' is up: run the browser tests in a loopback-only namespace, " +
                    "e.g. ./test.sh, or: unshare -n sh -c 'ip link set lo up; dotnet test --no-build tests/RtcLive.E2E.Tests'");
        }
    }
}
