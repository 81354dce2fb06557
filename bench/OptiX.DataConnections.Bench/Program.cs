using OptiX.DataConnections.Bench;

return args.FirstOrDefault() switch
{
    "generate" => Generate.Run(Arguments.Parse(args)),
    "discard" => await DiscardServer.RunAsync(Arguments.Parse(args)),
    "raw" => await RawUpload.RunAsync(Arguments.Parse(args)),
    "query" => await QueryLatency.RunAsync(Arguments.Parse(args)),
    "measure" => WholeProcess.Run(args),
    "profile" => await Profile.RunAsync(Arguments.Parse(args)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: OptiX.DataConnections.Bench generate --rows N --path FILE
               OptiX.DataConnections.Bench discard [--port N]
               OptiX.DataConnections.Bench raw --base-uri URI --connection ID --csv FILE [--concurrency 4] [--batch 5000]
               OptiX.DataConnections.Bench query --base-uri URI --connection ID --max-key N [--count 2000]
               OptiX.DataConnections.Bench measure [--stdout FILE] -- PROGRAM [ARG...]
               OptiX.DataConnections.Bench profile --csv FILE [--runs 2] [--throttle 4] [--base-uri URI]
                                                   [--module DIR --pwsh EXE [--pwsh-dll PWSH.DLL]]
        """);
    return 2;
}
