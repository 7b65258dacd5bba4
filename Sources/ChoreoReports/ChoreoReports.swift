@_exported import ChoreoSim
