alert(4)
