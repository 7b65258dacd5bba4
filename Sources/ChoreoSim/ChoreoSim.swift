@_exported import ChoreoEngine
