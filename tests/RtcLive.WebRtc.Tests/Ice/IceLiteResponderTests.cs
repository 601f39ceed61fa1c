using System.Net;
using System.Text;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Stun;
using static RtcLive.WebRtc.Tests.Ice.IceTestChecks;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceLiteResponderTests
{
    private readonly byte[] _response = new byte[IceLiteResponder.MinResponseBufferLength];

    private static IceLiteResponder NewResponder(long consentTimeoutMs = IceLiteResponder.DefaultConsentTimeoutMs) =>
        new(Server, "cli1", consentTimeoutMs);

    private StunMessageReader ReadResponse(IceCheckResult result)
    {
        Assert.True(result.HasResponse);
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, result.ResponseLength), out var message));
        Assert.True(message.VerifyFingerprint());
        return message;
    }

    [Fact]
    public void AnswersAnAuthenticCheckAndSelectsTheNominatedEndpoint()
    {
        var responder = NewResponder();
        byte[] request = Check();

        var result = responder.Handle(request, ClientEndPoint, _response, nowMs: 1000);

        Assert.Equal(IceCheckStatus.Success, result.Status);
        Assert.True(result.Nominated);
        Assert.Equal(ClientEndPoint, responder.SelectedEndPoint);
        Assert.Equal(1000, responder.LastConsentMs);

        var response = ReadResponse(result);
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.MessageType);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), response.TransactionId.ToArray());
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(ClientEndPoint, mapped);
        Assert.True(response.VerifyMessageIntegrity(Server.PasswordBytes));
    }

    [Fact]
    public void AChecksWithoutUseCandidateSucceedsWithoutSelecting()
    {
        var responder = NewResponder();
        var result = responder.Handle(Check(useCandidate: false), ClientEndPoint, _response, 0);
        Assert.Equal(IceCheckStatus.Success, result.Status);
        Assert.False(result.Nominated);
        Assert.Null(responder.SelectedEndPoint);
        Assert.Null(responder.LastConsentMs);
        Assert.False(responder.IsConsentExpired(1_000_000));
    }

    [Theory]
    [InlineData("srvA:cli1", "wrongpassword0123456789x")] // wrong password
    [InlineData("srvB:cli1", "serverpassword0123456789")] // another session's ufrag
    [InlineData("srvA:cli2", "serverpassword0123456789")] // not the peer we expect
    [InlineData("srvA", "serverpassword0123456789")]      // no colon
    public void RejectsWrongCredentialsWithAnUnsigned401(string username, string password)
    {
        var responder = NewResponder();
        var result = responder.Handle(Check(username, password), ClientEndPoint, _response, 0);

        Assert.Equal(IceCheckStatus.Unauthorized, result.Status);
        Assert.Null(responder.SelectedEndPoint);
        var response = ReadResponse(result);
        Assert.Equal(StunMessageType.BindingErrorResponse, response.MessageType);
        Assert.True(response.TryGetErrorCode(out int code, out _));
        Assert.Equal(401, code);
        Assert.False(response.HasMessageIntegrity);
    }

    [Theory]
    [InlineData("", "serverpassword0123456789")] // no USERNAME
    [InlineData("srvA:cli1", null)]              // no MESSAGE-INTEGRITY
    public void RejectsChecksMissingAuthenticationWith400(string username, string? password)
    {
        var responder = NewResponder();
        var result = responder.Handle(Check(username, password), ClientEndPoint, _response, 0);
        Assert.Equal(IceCheckStatus.BadRequest, result.Status);
        var response = ReadResponse(result);
        Assert.True(response.TryGetErrorCode(out int code, out _));
        Assert.Equal(400, code);
        Assert.False(response.HasMessageIntegrity);
    }

    [Fact]
    public void TellsAPeerThatAlsoClaimsControlledToSwitch()
    {
        var responder = NewResponder();
        var result = responder.Handle(Check(controlled: true), ClientEndPoint, _response, 0);

        Assert.Equal(IceCheckStatus.RoleConflict, result.Status);
        Assert.Null(responder.SelectedEndPoint);
        var response = ReadResponse(result);
        Assert.True(response.TryGetErrorCode(out int code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.True(response.VerifyMessageIntegrity(Server.PasswordBytes)); // authenticated peer: signed answer
    }

    [Fact]
    public void ListsUnknownComprehensionRequiredAttributesIn420()
    {
        var responder = NewResponder();
        var result = responder.Handle(Check(extraAttribute: 0x0042), ClientEndPoint, _response, 0);

        Assert.Equal(IceCheckStatus.UnknownAttributes, result.Status);
        var response = ReadResponse(result);
        Assert.True(response.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Assert.True(response.TryGetAttribute(StunAttributeType.UnknownAttributes, out var unknown));
        Assert.Equal("0042", Convert.ToHexStringLower(unknown));
        Assert.True(response.VerifyMessageIntegrity(Server.PasswordBytes));

        // Chrome's optional GOOG-NETWORK-INFO (0xC057) must not trip it.
        Assert.Equal(IceCheckStatus.Success, responder.Handle(Check(extraAttribute: 0xC057), ClientEndPoint, _response, 0).Status);
    }

    [Fact]
    public void IgnoresWhatIsNotAnIntactBindingRequest()
    {
        var responder = NewResponder();
        byte[] badFingerprint = Check();
        badFingerprint[^1] ^= 1;
        byte[] indication = Check();
        indication[1] = 0x11;

        Assert.Equal(IceCheckStatus.Ignored, responder.Handle(badFingerprint, ClientEndPoint, _response, 0).Status);
        Assert.Equal(IceCheckStatus.Ignored, responder.Handle(indication, ClientEndPoint, _response, 0).Status);
        Assert.Equal(IceCheckStatus.Ignored, responder.Handle(Answer(Check(), ClientEndPoint), ClientEndPoint, _response, 0).Status);
        Assert.Equal(IceCheckStatus.Ignored, responder.Handle([0x16, 0xfe, 0xfd, 0, 0], ClientEndPoint, _response, 0).Status);
        Assert.Equal(0, responder.Handle([], ClientEndPoint, _response, 0).ResponseLength);
        // A check without FINGERPRINT is still fine: RFC 8445 requires it, but it only guards demultiplexing.
        Assert.Equal(IceCheckStatus.Success, responder.Handle(Check(fingerprint: false), ClientEndPoint, _response, 0).Status);
    }

    [Fact]
    public void ANewNominationMovesTheSelectedEndpoint()
    {
        var responder = NewResponder();
        var wifi = ClientEndPoint;
        var cellular = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 40000);

        responder.Handle(Check(), wifi, _response, 0);
        responder.Handle(Check(useCandidate: false), cellular, _response, 100);
        Assert.Equal(wifi, responder.SelectedEndPoint);

        var result = responder.Handle(Check(), cellular, _response, 200);
        Assert.True(result.Nominated);
        Assert.Equal(cellular, responder.SelectedEndPoint);
    }

    [Fact]
    public void KeepsItsOwnCopyOfTheSelectedEndpoint()
    {
        var responder = NewResponder();
        var reused = new IPEndPoint(IPAddress.Parse("192.168.1.2"), 50000);
        responder.Handle(Check(), reused, _response, 0);
        reused.Port = 1; // a socket loop may recycle its endpoint object
        Assert.Equal(50000, responder.SelectedEndPoint!.Port);
    }

    [Fact]
    public void ConsentExpiresThirtySecondsAfterTheLastCheckFromTheSelectedEndpoint()
    {
        var responder = NewResponder();
        responder.Handle(Check(), ClientEndPoint, _response, 0);
        responder.Handle(Check(useCandidate: false), ClientEndPoint, _response, 5_000);
        Assert.False(responder.IsConsentExpired(34_999));
        // Checks from other addresses do not keep the selected pair alive.
        responder.Handle(Check(useCandidate: false), new IPEndPoint(IPAddress.Parse("198.51.100.20"), 40000), _response, 20_000);
        Assert.True(responder.IsConsentExpired(35_000));
        // A check failing authentication does not either.
        responder.Handle(Check(password: "wrongpassword0123456789x", useCandidate: false), ClientEndPoint, _response, 36_000);
        Assert.True(responder.IsConsentExpired(36_000));
        // An authentic one restores it.
        responder.Handle(Check(useCandidate: false), ClientEndPoint, _response, 37_000);
        Assert.False(responder.IsConsentExpired(37_000));
    }

    [Fact]
    public void ConsentTimeoutIsConfigurable()
    {
        var responder = NewResponder(consentTimeoutMs: 2_000);
        responder.Handle(Check(), ClientEndPoint, _response, 0);
        Assert.False(responder.IsConsentExpired(1_999));
        Assert.True(responder.IsConsentExpired(2_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewResponder(consentTimeoutMs: 0));
    }

    [Fact]
    public void RestartKeepsTheSelectedPairUntilTheNewCredentialsAreUsed()
    {
        var responder = NewResponder();
        responder.Handle(Check(), ClientEndPoint, _response, 0);

        var newServer = new IceCredentials("srvZ", "restartedpassword0123456");
        responder.Restart(newServer, "cli9");
        Assert.Same(newServer, responder.LocalCredentials);
        Assert.Equal("cli9", responder.RemoteUfrag);
        Assert.Equal(ClientEndPoint, responder.SelectedEndPoint);

        // Consent checks still signed with the old credentials keep the pair alive...
        var old = responder.Handle(Check(useCandidate: false), ClientEndPoint, _response, 10_000);
        Assert.Equal(IceCheckStatus.Success, old.Status);
        Assert.True(ReadResponse(old).VerifyMessageIntegrity(Server.PasswordBytes)); // answered with the matching password
        Assert.False(responder.IsConsentExpired(39_999));

        // ...until the peer uses the new ones, from then on the old ones are refused.
        var renewed = responder.Handle(Check("srvZ:cli9", "restartedpassword0123456", useCandidate: false), ClientEndPoint, _response, 11_000);
        Assert.Equal(IceCheckStatus.Success, renewed.Status);
        Assert.True(ReadResponse(renewed).VerifyMessageIntegrity(newServer.PasswordBytes));
        Assert.Equal(ClientEndPoint, responder.SelectedEndPoint);
        Assert.Equal(IceCheckStatus.Unauthorized, responder.Handle(Check(useCandidate: false), ClientEndPoint, _response, 12_000).Status);
    }

    [Fact]
    public void RequiresARoomyResponseBufferAndValidRemoteUfrag()
    {
        var responder = NewResponder();
        Assert.Throws<ArgumentException>(() => responder.Handle(Check(), ClientEndPoint, new byte[64], 0));
        Assert.Throws<ArgumentException>(() => new IceLiteResponder(Server, "ab"));
        Assert.Throws<ArgumentException>(() => responder.Restart(Server, "a:bc"));
    }

    [Fact]
    public void AnsweringAConsentCheckAllocatesNothing()
    {
        var responder = NewResponder();
        byte[] request = Check(useCandidate: false);
        responder.Handle(Check(), ClientEndPoint, _response, 0);
        responder.Handle(request, ClientEndPoint, _response, 1); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            responder.Handle(request, ClientEndPoint, _response, 2 + i);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ReceiverUfragCanBeReadBeforeAnySessionIsFound()
    {
        Assert.True(IceUsername.TryGetReceiverUfrag(Check(), out var ufrag));
        Assert.Equal("srvA", Encoding.ASCII.GetString(ufrag));
        Assert.False(IceUsername.TryGetReceiverUfrag(Check(username: ""), out _));
        Assert.False(IceUsername.TryGetReceiverUfrag([1, 2, 3], out _));
    }
}
