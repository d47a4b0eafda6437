// The media types that appear in ActOne's public API, re-exported so that callers (the
// executable, tests) can name them without importing MediaIO and FFmpeg's module themselves.
@_exported import struct MediaIO.MediaInfo
@_exported import struct MediaIO.StreamInfo
@_exported import struct MediaIO.Rational
@_exported import struct MediaIO.VideoEncoderSettings
@_exported import enum MediaIO.MediaError
@_exported import enum MediaIO.FFmpegLog
