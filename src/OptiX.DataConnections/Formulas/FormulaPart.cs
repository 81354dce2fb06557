namespace OptiX.DataConnections.Formulas;

/// <summary>
/// The parts of <c>DC_{UUID}:{primary_key}:{API_parameters}:{return_field}:{fallback_value}</c>; the number of each
/// segment is its position (1 to 5). <see cref="Formula"/> stands for the text as a whole.
/// </summary>
public enum FormulaPart
{
    Formula = 0,
    Connection = 1,
    PrimaryKey = 2,
    Parameters = 3,
    ReturnField = 4,
    Fallback = 5,
}
