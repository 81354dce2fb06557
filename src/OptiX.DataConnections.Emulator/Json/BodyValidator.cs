using System.Text.Json;
using OptiX.DataConnections.Emulator.Http;

namespace OptiX.DataConnections.Emulator.Json;

/// <summary>
/// Checks the shape of a JSON body the way FastAPI's pydantic models do: it collects every problem,
/// then <see cref="ThrowIfInvalid"/> answers them together as one 422.
/// Optional fields that are absent or null read as null.
/// </summary>
internal sealed class BodyValidator
{
    public static readonly IReadOnlyList<object> Body = ["body"];

    private readonly List<ValidationError> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public ValidationError? FirstError => _errors.Count > 0 ? _errors[0] : null;

    public static IReadOnlyList<object> At(IReadOnlyList<object> parent, object child) => [.. parent, child];

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw ApiProblem.Validation(_errors);
        }
    }

    public void Fail(IReadOnlyList<object> loc, string msg, string type) => _errors.Add(new ValidationError(loc, msg, type));

    public bool ExpectObject(JsonElement value, IReadOnlyList<object> loc)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        Fail(loc, "value is not a valid dict", "type_error.dict");
        return false;
    }

    public bool ExpectArray(JsonElement value, IReadOnlyList<object> loc)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }
        Fail(loc, "value is not a valid list", "type_error.list");
        return false;
    }

    public JsonElement? Required(JsonElement parent, string name, IReadOnlyList<object> parentLoc)
    {
        var loc = At(parentLoc, name);
        if (!parent.TryGetProperty(name, out var value))
        {
            _errors.Add(ValidationError.Missing(loc));
            return null;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            _errors.Add(ValidationError.NotNull(loc));
            return null;
        }
        return value;
    }

    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? RequiredNonEmptyString(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Required(parent, name, parentLoc) is { } value ? NonEmptyString(value, At(parentLoc, name)) : null;

    public string? OptionalString(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Optional(parent, name) is { } value ? String(value, At(parentLoc, name)) : null;

    public string? String(JsonElement value, IReadOnlyList<object> loc)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        Fail(loc, "str type expected", "type_error.str");
        return null;
    }

    public string? NonEmptyString(JsonElement value, IReadOnlyList<object> loc)
    {
        var text = String(value, loc);
        if (text is { Length: 0 })
        {
            Fail(loc, "ensure this value has at least 1 characters", "value_error.any_str.min_length");
            return null;
        }
        return text;
    }

    public JsonElement? OptionalObject(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Optional(parent, name) is { } value && ExpectObject(value, At(parentLoc, name)) ? value : null;

    public JsonElement? RequiredObject(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Required(parent, name, parentLoc) is { } value && ExpectObject(value, At(parentLoc, name)) ? value : null;

    public JsonElement? RequiredArray(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Required(parent, name, parentLoc) is { } value && ExpectArray(value, At(parentLoc, name)) ? value : null;

    public JsonElement? RequiredScalar(JsonElement parent, string name, IReadOnlyList<object> parentLoc) =>
        Required(parent, name, parentLoc) is { } value ? Scalar(value, At(parentLoc, name)) : null;

    public JsonElement? Scalar(JsonElement value, IReadOnlyList<object> loc)
    {
        if (PrimaryKey.IsScalar(value))
        {
            return value;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            _errors.Add(ValidationError.NotNull(loc));
        }
        else
        {
            Fail(loc, "value is not a valid scalar (string, number or boolean)", "type_error.scalar");
        }
        return null;
    }

    public long? OptionalInteger(JsonElement parent, string name, IReadOnlyList<object> parentLoc)
    {
        if (Optional(parent, name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer))
        {
            return integer;
        }
        // pydantic accepts a whole float such as 3600.0 for an int field.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real)
            && double.IsInteger(real) && Math.Abs(real) < 9e18)
        {
            return (long)real;
        }
        Fail(At(parentLoc, name), "value is not a valid integer", "type_error.integer");
        return null;
    }

    /// <summary>An optional integer within [min, max] (pydantic's ge/le constraints); absent or null reads as null.</summary>
    public long? OptionalIntegerInRange(JsonElement parent, string name, IReadOnlyList<object> parentLoc, long min, long max)
    {
        var value = OptionalInteger(parent, name, parentLoc);
        if (value < min)
        {
            Fail(At(parentLoc, name), $"ensure this value is greater than or equal to {min}", "value_error.number.not_ge");
            return null;
        }
        if (value > max)
        {
            Fail(At(parentLoc, name), $"ensure this value is less than or equal to {max}", "value_error.number.not_le");
            return null;
        }
        return value;
    }

    /// <summary>An optional object whose values must all be scalars; read as name -> the value's string form.</summary>
    public IReadOnlyDictionary<string, string> OptionalScalarMap(JsonElement parent, string name, IReadOnlyList<object> parentLoc)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (OptionalObject(parent, name, parentLoc) is { } value)
        {
            var loc = At(parentLoc, name);
            foreach (var property in value.EnumerateObject())
            {
                if (Scalar(property.Value, At(loc, property.Name)) is { } scalar)
                {
                    map[property.Name] = PrimaryKey.ToStringForm(scalar)!;
                }
            }
        }
        return map;
    }

    public bool? OptionalBoolean(JsonElement parent, string name, IReadOnlyList<object> parentLoc)
    {
        if (Optional(parent, name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        Fail(At(parentLoc, name), "value could not be parsed to a boolean", "type_error.bool");
        return null;
    }

    public Guid? OptionalUuid(JsonElement parent, string name, IReadOnlyList<object> parentLoc)
    {
        if (Optional(parent, name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var uuid))
        {
            return uuid;
        }
        Fail(At(parentLoc, name), "value is not a valid uuid", "type_error.uuid");
        return null;
    }
}
