@_exported import struct Imaging.Rect
@_exported import enum Motion.AnimatedRegion
// Types of Motion and Imaging that appear in RenderPipeline's settings, re-exported so the
// executable can fill them in without importing the lower layers.
@_exported import struct Motion.RetargetSettings
