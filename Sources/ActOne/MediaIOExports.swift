@_exported import struct MediaIO.InputOptions
@_exported import enum MediaIO.MediaError
// The media value types that appear in ActOne's public API (what `inspect` reports, the encoder
// settings a render takes, the errors a pipeline throws), re-exported so that callers can name
// them without importing MediaIO. Nothing that acts on FFmpeg is re-exported.
@_exported import struct MediaIO.MediaInfo
@_exported import struct MediaIO.Rational
@_exported import struct MediaIO.StreamInfo
@_exported import struct MediaIO.VideoEncoderSettings
