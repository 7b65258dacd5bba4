@_exported import ChoreoModel
