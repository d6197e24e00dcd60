using PijarSemar.Billing.Payments;
using PijarSemar.Billing.Data;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Billing;

public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<BillingDbContext>("billing", typeof(ApplicationServices).Assembly);
        builder.AddMessaging<BillingDbContext>("billing", typeof(ApplicationServices).Assembly);
        builder.AddBillingRuns();
        builder.AddPaymentsAndCoverage();
        return builder;
    }
}
