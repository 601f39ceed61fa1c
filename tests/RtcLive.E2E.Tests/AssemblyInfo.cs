// One browser test class at a time: these machines have two cores, and pages encoding simulcast, an ffmpeg
// transcode and a second class's pages side by side starve each other (Chromium then holds simulcast layers
// back for CPU, and players stall), which would measure the machine, not the product.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
