using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class ServiceIdentityTests
{
    [Theory]
    [InlineData("PijarSemar.Registry.Api", "registry", "pijar-semar-registry")]
    [InlineData("PijarSemar.Funding.Api", "funding", "pijar-semar-funding")]
    [InlineData("PijarSemar.Claims.Api", "claims", "pijar-semar-claims")]
    public void A_services_audience_is_derived_from_its_assembly_name(string applicationName, string service, string audience)
    {
        var environment = new Environment(applicationName);
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal(service, ServiceIdentity.ServiceName(configuration, environment));
        Assert.Equal(audience, ServiceIdentity.Audience(configuration, environment));
    }

    [Fact]
    public void Auth_audience_overrides_the_derived_audience()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Audience"] = "api://registry" })
            .Build();

        Assert.Equal("api://registry", ServiceIdentity.Audience(configuration, new Environment("PijarSemar.Registry.Api")));
    }

    private sealed class Environment(string applicationName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = applicationName;

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
