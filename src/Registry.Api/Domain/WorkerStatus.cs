namespace PijarSemar.Registry.Domain;

public enum WorkerStatus
{
    Registered,
    Verified,
    Rejected,
    Deactivated,
}

public enum Sex
{
    Male,
    Female,
}

public enum DeactivationReason
{
    Deceased,
    MovedAway,
    FormalEmployment,
    Withdrawn,
    Duplicate,
}
