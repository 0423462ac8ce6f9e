using Reference.ServiceDefaults.Buyers;

namespace Reference.ServiceDefaults.Tests;

/// <summary>The buyer token: only the holder of the key can make one, and one names exactly one buyer.</summary>
public class BuyerTokenTests
{
    private static readonly BuyerToken Tokens = new("a-signing-key-for-these-tests-0123456789");

    [Fact]
    public void An_issued_token_verifies_and_names_its_buyer()
    {
        var (buyerId, token) = Tokens.IssueNew();
        Assert.True(Tokens.TryVerify(token, out var named));
        Assert.Equal(buyerId, named);
        Assert.StartsWith(buyerId + ".", token);
        Assert.Matches("^[A-Za-z0-9_.-]+$", token); // header-, cookie- and path-safe as it is
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice.")]
    [InlineData(".signature")]
    [InlineData("al ice.signature")]
    public void Anything_but_a_signed_token_does_not_verify(string? token) => Assert.False(Tokens.TryVerify(token, out _));

    [Fact]
    public void A_token_moved_to_another_buyer_or_signed_with_another_key_does_not_verify()
    {
        var genuine = Tokens.Issue("alice");
        var signature = genuine[(genuine.IndexOf('.') + 1)..];
        Assert.False(Tokens.TryVerify("bob." + signature, out _));
        Assert.False(Tokens.TryVerify(new BuyerToken("another-signing-key-for-these-tests-012345").Issue("alice"), out _));
        Assert.False(Tokens.TryVerify(genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'), out _));
    }

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new BuyerToken(new string('k', BuyerToken.MinKeyLength - 1)));
}
